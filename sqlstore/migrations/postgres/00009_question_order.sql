-- +goose Up
-- Municipal staff and the secretariat list questions of both visibilities:
-- without a visibility filter the (visibility, created_at) indexes cannot
-- give the newest first, and every list sorted all questions (6 ms at
-- 2,000 questions, growing with the library). These indexes serve the
-- "newest" and "active" orders directly.
CREATE INDEX questions_created_all_idx ON questions (created_at, id);
CREATE INDEX questions_updated_all_idx ON questions (updated_at, id);

-- +goose Down
DROP INDEX questions_updated_all_idx;
DROP INDEX questions_created_all_idx;
