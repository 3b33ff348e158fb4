package social.upkeep.shared;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Something asked for does not exist, or belongs to someone else: the page answers 404 either way. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super(what + " not found");
    }
}
