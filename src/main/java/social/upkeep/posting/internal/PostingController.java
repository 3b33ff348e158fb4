package social.upkeep.posting.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.instance.NoticeAccounts;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.transparency.FundingGlance;

/**
 * Posting to the fediverse from the server's notice account: switched on or off, which kinds, language,
 * visibility, hashtags, the wording of each kind (with a preview), and the posts made or failed.
 */
@Controller
@RequestMapping("/operator/servers/{id}/posting")
class PostingController {

    private final Instances instances;
    private final PostStore store;
    private final PostWriter writer;
    private final PostTriggers triggers;
    private final NoticeAccounts accounts;
    private final FundingGlance glances;
    private final MonthClosing closing;
    private final Clock clock;

    PostingController(Instances instances, PostStore store, PostWriter writer, PostTriggers triggers,
            NoticeAccounts accounts, FundingGlance glances, MonthClosing closing, Clock clock) {
        this.instances = instances;
        this.store = store;
        this.writer = writer;
        this.triggers = triggers;
        this.accounts = accounts;
        this.glances = glances;
        this.closing = closing;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping
    String page(@ModelAttribute("server") Instance server, Model model) {
        PostingSettings settings = store.settings(server.id());
        var glance = glances.of(server);
        var lastClosed = closing.closedMonths(server.id()).stream().findFirst().orElse(null);
        Map<PostKind, String> wordings = new LinkedHashMap<>();
        Map<PostKind, String> previews = new LinkedHashMap<>();
        for (PostKind kind : PostKind.values()) {
            wordings.put(kind, writer.wording(server.id(), kind, settings.language()));
            previews.put(kind, writer.preview(server, settings, kind, glance, lastClosed));
        }
        model.addAttribute("settings", settings);
        model.addAttribute("account", accounts.account(server.id()).orElse(null));
        model.addAttribute("languages", PostingSettings.LANGUAGES);
        model.addAttribute("kinds", List.of(PostKind.values()));
        model.addAttribute("wordings", wordings);
        model.addAttribute("previews", previews);
        model.addAttribute("posts", store.recent(server.id(), 30));
        return "posting/page";
    }

    @PostMapping
    String save(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "false") boolean enabled,
            @RequestParam(defaultValue = "false") boolean monthReport,
            @RequestParam(defaultValue = "false") boolean goalReached,
            @RequestParam(defaultValue = "false") boolean thanks, @RequestParam(defaultValue = "en") String language,
            @RequestParam(defaultValue = "UNLISTED") String visibility, @RequestParam(defaultValue = "") String hashtags,
            RedirectAttributes redirect) {
        String tags = PostWriter.hashtags(hashtags);
        if (tags == null) {
            redirect.addFlashAttribute("problem", "posting.hashtags.invalid");
            return back(server);
        }
        if (!PostingSettings.LANGUAGES.contains(language) || !List.of("PUBLIC", "UNLISTED").contains(visibility)) {
            redirect.addFlashAttribute("problem", "posting.settings.invalid");
            return back(server);
        }
        if (enabled && accounts.account(server.id()).isEmpty()) {
            redirect.addFlashAttribute("problem", "posting.no-account");
            return back(server);
        }
        PostingSettings before = store.settings(server.id());
        var after = new PostingSettings(enabled, monthReport, goalReached, thanks, language,
                NoticeAccounts.Visibility.valueOf(visibility), tags);
        if (after.wants(PostKind.THANKS) && !before.wants(PostKind.THANKS)) {
            triggers.thankNoneBefore(server.id());
        }
        store.save(server.id(), after, clock.instant());
        redirect.addFlashAttribute("notice", "posting.saved");
        return back(server);
    }

    @PostMapping("/wording")
    String wording(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String wording, @RequestParam(defaultValue = "false") boolean reset,
            RedirectAttributes redirect) {
        PostKind which;
        try {
            which = PostKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("problem", "posting.settings.invalid");
            return back(server);
        }
        String language = store.settings(server.id()).language();
        if (reset) {
            store.saveTemplate(server.id(), which, language, null);
            redirect.addFlashAttribute("notice", "posting.wording.reset");
            return back(server);
        }
        String text = wording.strip().replace("\r\n", "\n");
        String problem = PostWriter.problem(which, text);
        if (problem != null) {
            redirect.addFlashAttribute("problem", problem);
            return back(server);
        }
        store.saveTemplate(server.id(), which, language, text);
        redirect.addFlashAttribute("notice", "posting.wording.saved");
        return back(server);
    }

    @PostMapping("/{post}/retry")
    String retry(@ModelAttribute("server") Instance server, @PathVariable long post, RedirectAttributes redirect) {
        if (store.retry(server.id(), post, clock.instant())) {
            redirect.addFlashAttribute("notice", "posting.retry.queued");
        } else {
            redirect.addFlashAttribute("problem", "posting.retry.unknown");
        }
        return back(server);
    }

    private static String back(Instance server) {
        return "redirect:/operator/servers/" + server.id() + "/posting";
    }
}
