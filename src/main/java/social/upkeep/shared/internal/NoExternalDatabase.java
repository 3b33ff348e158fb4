package social.upkeep.shared.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when no UPKEEP_DB_URL is set, so Upkeep runs its own embedded PostgreSQL. */
class NoExternalDatabase implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty("upkeep.db.url", "");
        return url.isBlank();
    }
}
