package social.upkeep.shared.internal;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/** A file over the upload limit gets a page that says so, not a reset connection or a stack trace. */
@ControllerAdvice
class UploadErrors {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge() {
        var page = new ModelAndView("error/413");
        page.setStatus(HttpStatus.CONTENT_TOO_LARGE);
        return page;
    }
}
