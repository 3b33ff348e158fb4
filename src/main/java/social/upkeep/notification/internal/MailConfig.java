package social.upkeep.notification.internal;

import java.util.Properties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

@Configuration(proxyBeanMethods = false)
class MailConfig {

    /** Only with a configured host: without one there is no sender, and mail stays in the outbox. */
    @Bean
    @ConditionalOnExpression("!'${upkeep.smtp.host:}'.isBlank()")
    JavaMailSenderImpl mailSender(SmtpSettings smtp) {
        var sender = new JavaMailSenderImpl();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        if (smtp.username() != null && !smtp.username().isBlank()) {
            sender.setUsername(smtp.username());
            sender.setPassword(smtp.password());
        }
        sender.setDefaultEncoding("UTF-8");
        Properties properties = sender.getJavaMailProperties();
        properties.put("mail.smtp.auth", String.valueOf(smtp.username() != null && !smtp.username().isBlank()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        properties.put("mail.smtp.starttls.required", String.valueOf(smtp.starttls()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "20000");
        properties.put("mail.smtp.writetimeout", "20000");
        return sender;
    }

    @Bean
    JobDetail mailDeliveryJob() {
        return JobBuilder.newJob(MailDeliveryJob.class).withIdentity("mail-delivery", "notification")
                .storeDurably().requestRecovery().build();
    }

    @Bean
    Trigger mailDeliveryTrigger(JobDetail mailDeliveryJob) {
        return TriggerBuilder.newTrigger().forJob(mailDeliveryJob).withIdentity("mail-delivery", "notification")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(1)).build();
    }
}
