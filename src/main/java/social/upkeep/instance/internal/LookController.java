package social.upkeep.instance.internal;

import java.time.Duration;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.NotFound;

/**
 * The look of a server's public and supporter pages: the operator's accent colour, served as a small stylesheet
 * (the pages' CSP allows no inline style) that sets the colour for buttons, links and the goal bar.
 */
@Controller
class LookController {

    private final Instances instances;
    private final ServerLooks looks;

    LookController(Instances instances, ServerLooks looks) {
        this.instances = instances;
        this.looks = looks;
    }

    @GetMapping("/operator/servers/{id}/look")
    String show(@PathVariable long id, Model model) {
        Instance server = instances.get(id);
        var look = looks.look(id);
        model.addAttribute("server", server);
        model.addAttribute("accent", look.accent().map(AccentColour::hex).orElse(""));
        model.addAttribute("logoSource", look.logoSource().map(Enum::name).orElse(null));
        model.addAttribute("logoUrl", look.logoVersion().map(v -> "/servers/" + server.host() + "/logo?v=" + v)
                .orElse(null));
        return "instance/look";
    }

    @PostMapping("/operator/servers/{id}/look")
    String save(@PathVariable long id, @RequestParam(defaultValue = "") String accent, RedirectAttributes redirect) {
        instances.get(id);
        if (accent.isBlank()) {
            looks.saveAccent(id, null);
            redirect.addFlashAttribute("notice", "look.saved-default");
            return "redirect:/operator/servers/" + id + "/look";
        }
        var colour = AccentColour.parse(accent);
        if (colour.isEmpty()) {
            redirect.addFlashAttribute("problem", "look.accent.invalid");
        } else if (colour.get().lowestContrastOnLightPages() < AccentColour.AA) {
            redirect.addFlashAttribute("problem", "look.accent.too-light");
            redirect.addFlashAttribute("contrast", String.format(Locale.ROOT, "%.1f",
                    colour.get().lowestContrastOnLightPages()));
        } else {
            looks.saveAccent(id, colour.get());
            redirect.addFlashAttribute("notice", "look.saved");
        }
        return "redirect:/operator/servers/" + id + "/look";
    }

    @PostMapping("/operator/servers/{id}/look/logo")
    String uploadLogo(@PathVariable long id, @RequestParam(required = false) MultipartFile logo,
            RedirectAttributes redirect) throws java.io.IOException {
        instances.get(id);
        if (logo == null || logo.isEmpty()) {
            redirect.addFlashAttribute("problem", "look.logo.missing");
        } else if (logo.getSize() > LogoImage.MAX_BYTES) {
            redirect.addFlashAttribute("problem", "look.logo.too-large");
        } else {
            var image = LogoImage.of(logo.getBytes());
            if (image.isEmpty()) {
                redirect.addFlashAttribute("problem", "look.logo.not-an-image");
            } else {
                looks.saveOperatorLogo(id, image.get());
                redirect.addFlashAttribute("notice", "look.logo.saved");
            }
        }
        return "redirect:/operator/servers/" + id + "/look";
    }

    @PostMapping("/operator/servers/{id}/look/logo/remove")
    String removeLogo(@PathVariable long id, RedirectAttributes redirect) {
        instances.get(id);
        looks.saveOperatorLogo(id, null);
        redirect.addFlashAttribute("notice", "look.logo.removed");
        return "redirect:/operator/servers/" + id + "/look";
    }

    /** The logo, as the type its bytes were checked to be, in a sandbox like receipts. */
    @GetMapping("/servers/{host}/logo")
    ResponseEntity<byte[]> logo(@PathVariable String host) {
        Instance server = instances.findByHost(host).orElseThrow(() -> new NotFound("Server"));
        LogoImage logo = looks.logo(server.id()).orElseThrow(() -> new NotFound("Logo"));
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .contentType(MediaType.parseMediaType(logo.type()))
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .body(logo.bytes());
    }

    /** Only the colour, checked when it was saved; light pages use it as it is, dark pages a lighter shade. */
    @GetMapping(value = "/servers/{host}/theme.css")
    ResponseEntity<String> theme(@PathVariable String host) {
        Instance server = instances.findByHost(host).orElseThrow(() -> new NotFound("Server"));
        AccentColour accent = looks.look(server.id()).accent().orElseThrow(() -> new NotFound("Theme"));
        String css = ":root { --accent: " + accent.hex() + "; --link: " + accent.hex() + "; }\n"
                + "@media (prefers-color-scheme: dark) { :root { --link: " + accent.forDarkPages().hex() + "; } }\n";
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .contentType(MediaType.valueOf("text/css;charset=UTF-8")).body(css);
    }
}
