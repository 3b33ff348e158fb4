package social.upkeep.operator.internal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The front page: until a server is connected it says what this is and where to go. Sets no cookie. */
@Controller
class HomeController {

    private final Owners owners;

    HomeController(Owners owners) {
        this.owners = owners;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("setUp", owners.exists());
        return "index";
    }
}
