-- object: trigger audit_auth_user_insert
-- drop: DROP TRIGGER IF EXISTS audit_auth_user_insert;
CREATE TRIGGER audit_auth_user_insert AFTER INSERT ON auth_user
BEGIN
    INSERT INTO audit_row_input (action, object_type, object_id, changes)
    VALUES ('insert', 'auth_user', CAST(NEW.id AS TEXT), json_object('id', NEW."id", 'password', CASE WHEN NEW."password" IS NULL THEN NULL ELSE audit_mask(CAST(NEW."password" AS TEXT)) END, 'last_login', NEW."last_login", 'is_superuser', NEW."is_superuser", 'username', NEW."username", 'first_name', NEW."first_name", 'last_name', NEW."last_name", 'email', NEW."email", 'is_staff', NEW."is_staff", 'is_active', NEW."is_active", 'date_joined', NEW."date_joined"));
END;
