package com.callimport.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    /** Built at start-up, so a service whose connectors and catalogue disagree refuses to start. */
    @Bean
    PlatformCatalog platformCatalog(KnownConnectors connectors, JsonMapper json) {
        return PlatformCatalog.load(connectors, json);
    }
}
