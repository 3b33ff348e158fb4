-- How a server's public and supporter pages look: the operator's accent colour (checked for contrast when saved).
CREATE TABLE instance_look
(
    instance_id bigint PRIMARY KEY REFERENCES instance (id),
    accent      char(7) CHECK (accent ~ '^#[0-9a-f]{6}$')
);
