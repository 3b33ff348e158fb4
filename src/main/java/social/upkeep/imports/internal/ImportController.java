package social.upkeep.imports.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.shared.NotFound;

/**
 * Importing another platform's export: upload (a platform's format, or any CSV with a column mapping that can be
 * saved), the preview, and booking or discarding it. A server's operators see only their server's imports.
 */
@Controller
@RequestMapping("/operator/servers/{id}/imports")
class ImportController {

    private static final Pattern MAPPING_NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,60}");

    private final Instances instances;
    private final Imports imports;
    private final ImportStore store;
    private final java.time.Clock clock;

    ImportController(Instances instances, Imports imports, ImportStore store, java.time.Clock clock) {
        this.instances = instances;
        this.imports = imports;
        this.store = store;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping
    String page(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("formats", Imports.FORMATS);
        model.addAttribute("dateFormats", ColumnMapping.DATE_FORMATS);
        model.addAttribute("mappings", store.mappings(server.id()));
        model.addAttribute("batches", store.recent(server.id(), 20));
        return "imports/index";
    }

    @PostMapping
    String upload(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String format,
            @RequestParam(required = false) MultipartFile file, @RequestParam Map<String, String> form,
            RedirectAttributes redirect) {
        try {
            ColumnMapping mapping = null;
            if ("other".equals(format)) {
                String saved = form.getOrDefault("savedMapping", "");
                mapping = saved.isBlank() ? ColumnMapping.of(form) : store.mappings(server.id()).get(saved);
                if (mapping == null) {
                    throw new ImportRefused("imports.mapping.unknown");
                }
                String problem = mapping.problem();
                if (problem != null) {
                    throw new ImportRefused(problem);
                }
                String saveAs = form.getOrDefault("saveAs", "").strip();
                if (!saveAs.isEmpty()) {
                    if (!MAPPING_NAME.matcher(saveAs).matches()) {
                        throw new ImportRefused("imports.mapping.name");
                    }
                    store.saveMapping(server.id(), saveAs, mapping, clock.instant());
                }
            }
            ExportFormat chosen = Imports.format(format, mapping);
            if (file == null || file.isEmpty()) {
                throw new ImportRefused("imports.no-file");
            }
            long batch = imports.read(server, chosen, String.valueOf(file.getOriginalFilename()), file.getBytes());
            return "redirect:/operator/servers/" + server.id() + "/imports/" + batch;
        } catch (ImportRefused e) {
            refused(redirect, e);
        } catch (IOException e) {
            refused(redirect, new ImportRefused("imports.no-file"));
        }
        return "redirect:/operator/servers/" + server.id() + "/imports";
    }

    @GetMapping("/{batch}")
    String preview(@ModelAttribute("server") Instance server, @PathVariable long batch, Model model) {
        var found = store.batch(server.id(), batch).orElseThrow(() -> new NotFound("import " + batch));
        model.addAttribute("batch", found);
        if ("PREVIEW".equals(found.status())) {
            model.addAttribute("preview", imports.preview(server, found));
        }
        return "imports/preview";
    }

    @PostMapping("/{batch}/book")
    String book(@ModelAttribute("server") Instance server, @PathVariable long batch,
            @RequestParam(defaultValue = "correction") String closed, @RequestParam Map<String, String> form,
            RedirectAttributes redirect) {
        var found = store.batch(server.id(), batch).orElseThrow(() -> new NotFound("import " + batch));
        Map<String, String> rates = new HashMap<>();
        form.forEach((name, value) -> {
            if (name.startsWith("rate.")) {
                rates.put(name.substring(5), value);
            }
        });
        try {
            var booked = imports.book(server, found, rates, !"leave-out".equals(closed));
            redirect.addFlashAttribute("notice", "imports.booked");
            redirect.addFlashAttribute("booked", booked);
        } catch (ImportRefused e) {
            refused(redirect, e);
        } catch (LedgerRefusal e) {
            redirect.addFlashAttribute("problem", e.reason().messageKey());
        }
        return "redirect:/operator/servers/" + server.id() + "/imports/" + batch;
    }

    @PostMapping("/{batch}/discard")
    String discard(@ModelAttribute("server") Instance server, @PathVariable long batch, RedirectAttributes redirect) {
        var found = store.batch(server.id(), batch).orElseThrow(() -> new NotFound("import " + batch));
        imports.discard(server, found);
        redirect.addFlashAttribute("notice", "imports.discarded");
        return "redirect:/operator/servers/" + server.id() + "/imports";
    }

    private static void refused(RedirectAttributes redirect, ImportRefused e) {
        redirect.addFlashAttribute("importProblem", e.messageKey);
        redirect.addFlashAttribute("importProblemArgs", e.arguments);
    }
}
