package social.upkeep;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UpkeepApplication {

    public static void main(String[] args) {
        SpringApplication.run(UpkeepApplication.class, args);
    }
}
