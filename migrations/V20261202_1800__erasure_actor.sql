-- Who erased: for an operator's erasure, the name they were signed in as (the owner's address or an operator's
-- handle), so a server with several operators knows which of them did it.
ALTER TABLE erasure ADD COLUMN actor varchar(320);
