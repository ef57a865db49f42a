//go:build !race

package pbr

// largeUploadLines is the size of TestClaimUploadLarge: the file.
const largeUploadLines = 100_000
