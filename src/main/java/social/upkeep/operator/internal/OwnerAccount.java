package social.upkeep.operator.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/** The person who installed this Upkeep. There is only ever one (the table allows a single row). */
@Entity
@Table(name = "owner_account")
class OwnerAccount implements Persistable<Short> {

    static final short THE_OWNER = 1;

    @Id
    private short id = THE_OWNER;

    @Column(nullable = false)
    private String email;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(nullable = false)
    private String locale;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** A new owner is always inserted, never merged: a second setup must fail, not overwrite the first. */
    @Transient
    private boolean isNew = true;

    protected OwnerAccount() {
        this.email = "";
        this.passwordHash = "";
        this.locale = "";
        this.createdAt = Instant.EPOCH;
    }

    OwnerAccount(String email, String passwordHash, String locale, Instant createdAt) {
        this.email = email;
        this.passwordHash = passwordHash;
        this.locale = locale;
        this.createdAt = createdAt;
    }

    @Override
    public Short getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    void loaded() {
        isNew = false;
    }

    String email() {
        return email;
    }

    String passwordHash() {
        return passwordHash;
    }

    String locale() {
        return locale;
    }
}
