-- The setup codes nodes printed while no owner exists, hashed: any node's code works on whichever node serves /setup.
CREATE TABLE setup_code
(
    code_hash  char(64)                 PRIMARY KEY,
    created_at timestamp with time zone NOT NULL
);
