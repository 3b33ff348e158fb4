package social.upkeep.notification;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a mail from its Thymeleaf templates, {@code templates/mail/NAME.html} and {@code NAME.txt}, in the
 * recipient's language with the pages' message bundles; the subject is the message {@code mail.NAME.subject}.
 * Values are escaped in the HTML part like on the pages. No images, no tracking: links go where they say.
 */
@Service
public class MailTemplates {

    /** A rendered mail: subject, plain text and HTML. */
    public record Rendered(String subject, String text, String html) {
    }

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final MessageSource messages;

    MailTemplates(MessageSource messages) {
        this.messages = messages;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
        engine.setTemplateEngineMessageSource(messages);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setOrder(order);
        resolver.setCacheable(true);
        return resolver;
    }

    public Rendered render(String name, Locale locale, Map<String, Object> values, Object... subjectArgs) {
        return render(name, "mail." + name + ".subject", locale, values, subjectArgs);
    }

    /** Renders template {@code name} with the subject from another message (one template serving several mails). */
    public Rendered render(String name, String subjectKey, Locale locale, Map<String, Object> values,
            Object... subjectArgs) {
        var context = new Context(locale, values);
        String subject = messages.getMessage(subjectKey, subjectArgs, locale);
        return new Rendered(subject, engine.process(name + ".txt", context), engine.process(name + ".html", context));
    }
}
