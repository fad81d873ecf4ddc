package com.callimport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import java.time.Clock;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CallImportApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) throws Exception {
        if (VaultCommand.isVaultCommand(args)) {
            System.exit(VaultCommand.run(args, System.out, CallImportApplication::withoutWebOrWorkers));
        }
        if (StaffCommand.isStaffCommand(args)) {
            System.exit(StaffCommand.run(args, System.out, CallImportApplication::withoutWebOrWorkers));
        }
        SpringApplication.run(CallImportApplication.class, args);
    }

    /** The service without its web server or job workers, for an operator's command. */
    private static ConfigurableApplicationContext withoutWebOrWorkers(String[] serviceArgs) {
        SpringApplication service = new SpringApplication(CallImportApplication.class);
        service.setWebApplicationType(WebApplicationType.NONE);
        service.setDefaultProperties(java.util.Map.of("jobrunr.background-job-server.enabled", "false"));
        return service.run(serviceArgs);
    }
}
