//go:build race

package pbr

// largeUploadLines is the size of TestClaimUploadLarge: the race detector
// makes every byte of the CSV reader slow, so CI's race run reads a tenth
// of the 100,000 lines (the same three bad ones among them).
const largeUploadLines = 10_000
