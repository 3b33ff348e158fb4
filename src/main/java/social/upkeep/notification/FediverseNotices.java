package social.upkeep.notification;

import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.instance.NoticeAccounts;
import social.upkeep.notification.internal.NoticeStore;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;

/**
 * Notices for supporters who gave no email address: the membership and role news mail would carry, sent as a
 * direct message from the server's notice account, in their language, once per cause. Never receipts with
 * amounts, never sign-in links. Nothing is sent when the server has no notice account, the supporter has no
 * fediverse handle, or they switched direct messages off on "my support".
 */
@Service
public class FediverseNotices {

    /**
     * The name a remote server gave is not trusted: only a plain {@code @user@host} is mentioned, so a name with
     * spaces or a second {@code @} cannot make the message mention (and reach) anyone else.
     */
    private static final Pattern HANDLE = Pattern.compile("@[A-Za-z0-9_.-]{1,100}@[A-Za-z0-9.-]{1,253}");

    private final NoticeStore store;
    private final NoticeAccounts accounts;
    private final MessageSource messages;
    private final PublicUrls urls;
    private final Clock clock;

    FediverseNotices(NoticeStore store, NoticeAccounts accounts, MessageSource messages, PublicUrls urls,
            Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.messages = messages;
        this.urls = urls;
        this.clock = clock;
    }

    /** Queues the notice {@code key} (a message with {@code args}) for {@code supporter}, once per cause. */
    @Transactional
    public boolean queue(Instance server, Supporter supporter, Locale locale, String causeKey, String key,
            Object... args) {
        if (supporter.handle() == null || !HANDLE.matcher(supporter.handle()).matches()
                || accounts.account(server.id()).isEmpty() || store.optedOut(supporter.id())) {
            return false;
        }
        String text = messages.getMessage(key, args, locale) + "\n\n"
                + messages.getMessage("notices.dm.footer", new Object[] {urls.of("/me").toString()}, locale);
        return store.queue(server.id(), supporter.id(), "dm:" + causeKey, supporter.handle(), text,
                locale.toLanguageTag(), clock.instant());
    }

    public boolean optedOut(long supporterId) {
        return store.optedOut(supporterId);
    }

    @Transactional
    public void optOut(long supporterId, boolean out) {
        store.optOut(supporterId, out, clock.instant());
    }
}
