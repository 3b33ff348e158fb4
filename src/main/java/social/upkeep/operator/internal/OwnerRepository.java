package social.upkeep.operator.internal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface OwnerRepository extends JpaRepository<OwnerAccount, Short> {

    Optional<OwnerAccount> findByEmail(String email);
}
