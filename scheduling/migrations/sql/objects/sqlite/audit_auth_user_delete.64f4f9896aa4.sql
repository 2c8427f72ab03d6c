-- object: trigger audit_auth_user_delete
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_delete;
CREATE TRIGGER audit_auth_user_delete AFTER DELETE ON auth_user
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('delete', 'auth_user', CAST(OLD.id AS TEXT), json_object('id', OLD."id", 'password', CASE WHEN OLD."password" IS NULL THEN NULL ELSE audit_mask(CAST(OLD."password" AS TEXT)) END, 'last_login', OLD."last_login", 'is_superuser', OLD."is_superuser", 'username', OLD."username", 'first_name', OLD."first_name", 'last_name', OLD."last_name", 'email', OLD."email", 'is_staff', OLD."is_staff", 'is_active', OLD."is_active", 'date_joined', OLD."date_joined"));
END;
