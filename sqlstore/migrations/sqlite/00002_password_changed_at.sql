-- +goose Up
-- When the password last changed: sessions signed in before it are no
-- longer valid, so a reset locks out whoever knew the old password.
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;

-- +goose Down
ALTER TABLE users DROP COLUMN password_changed_at;
