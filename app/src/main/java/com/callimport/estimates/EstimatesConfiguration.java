package com.callimport.estimates;

import com.callimport.imports.ImportRuns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EstimatesConfiguration {

    @Bean
    FinishedRuns finishedRuns(ImportRuns runs) {
        return runs::recentFinished;
    }
}
