package social.upkeep;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;

@SpringBootApplication
@ConfigurationPropertiesScan
// Module listeners (@ApplicationModuleListener) run after commit on the task executor, not in the caller.
@EnableAsync
public class UpkeepApplication {

    public static void main(String[] args) {
        SpringApplication.run(UpkeepApplication.class, args);
    }
}
