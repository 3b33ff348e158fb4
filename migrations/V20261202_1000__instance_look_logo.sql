-- A server's logo: the connected server's own thumbnail by default (source SERVER, refreshed daily), or one the
-- operator uploaded (source OPERATOR, never replaced by the server's). The type is what the bytes are, checked.
ALTER TABLE instance_look
    ADD COLUMN logo        bytea,
    ADD COLUMN logo_type   varchar(20) CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
    ADD COLUMN logo_source varchar(10) CHECK (logo_source IN ('SERVER', 'OPERATOR')),
    ADD COLUMN logo_at     timestamp with time zone,
    ADD CONSTRAINT instance_look_logo_whole CHECK ((logo IS NULL) = (logo_type IS NULL) AND (logo IS NULL) = (logo_source IS NULL));
