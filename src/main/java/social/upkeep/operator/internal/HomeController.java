package social.upkeep.operator.internal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import social.upkeep.instance.Instances;

/** The front page: until a server is connected it says what this is and where to go. Sets no cookie. */
@Controller
class HomeController {

    private final Owners owners;
    private final Instances instances;

    HomeController(Owners owners, Instances instances) {
        this.owners = owners;
        this.instances = instances;
    }

    /** With one server, its public page; otherwise what this is and where to go. */
    @GetMapping("/")
    String home(Model model) {
        var single = instances.single();
        if (single.isPresent()) {
            return "forward:/servers/" + single.get().host();
        }
        model.addAttribute("setUp", owners.exists());
        model.addAttribute("servers", instances.all());
        return "index";
    }
}
