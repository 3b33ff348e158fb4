package social.upkeep.supporter.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PersonalData;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A supporter's own copy of everything Upkeep keeps about them (GDPR Articles 15 and 20): one JSON file to take
 * elsewhere, and the same as a page to read. Every module gives its part ({@link PersonalData}); nothing about
 * anyone else is in it. Only the signed-in supporter gets their own; anyone else gets 404.
 */
@Controller
class MyDataController {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Supporters supporters;
    private final List<PersonalData> modules;
    private final Clock clock;

    MyDataController(Supporters supporters, List<PersonalData> modules, Clock clock) {
        this.supporters = supporters;
        this.modules = modules;
        this.clock = clock;
    }

    @GetMapping("/me/data")
    String page(Authentication authentication, Model model) {
        Supporter supporter = supporter(authentication);
        model.addAttribute("supporter", supporter);
        model.addAttribute("tables", tables(supporter));
        return "supporter/my-data";
    }

    @GetMapping("/me/data.json")
    ResponseEntity<byte[]> download(Authentication authentication) {
        Supporter supporter = supporter(authentication);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("format", "upkeep-personal-data");
        export.put("version", 1);
        export.put("exportedAt", clock.instant().toString());
        export.put("supporterId", supporter.id());
        export.put("tables", tables(supporter));
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("upkeep-my-data.json").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(JSON.writeValueAsBytes(export));
    }

    private Map<String, List<Map<String, Object>>> tables(Supporter supporter) {
        var person = new PersonalData.Person(supporter.id(), supporter.email(), supporter.handle(),
                supporter.homeHost());
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        modules.forEach(module -> tables.putAll(module.rowsAbout(person)));
        return tables;
    }

    private Supporter supporter(Authentication authentication) {
        return Authorities.supporterId(authentication).flatMap(supporters::get)
                .orElseThrow(() -> new NotFound("Supporter"));
    }
}
