package com.callimport.web.pages;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The pages' stylesheets, scripts and WebJars, each under its own prefix. Spring Boot's default maps every address
 * ({@code /**}) to the static folders, so drawing any link on a page ({@code @{/imports/…/pause}}) first looked for a
 * file of that name in every jar on the class path, uncached for the addresses that are not files: a third of a
 * progress page's time under load. With {@code spring.web.resources.add-mappings=false} only these prefixes are files.
 */
@Configuration(proxyBeanMethods = false)
class StaticAssets implements WebMvcConfigurer {
    // long enough to spare a page's repeat loads their requests, short enough that a deployment is picked up the same day
    private static final CacheControl ASSETS = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(ASSETS)
                .resourceChain(true)
                // "/webjars/bootstrap/css/…" without a version in the address, as the templates write it
                .addResolver(new LiteWebJarsResourceResolver());
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").setCacheControl(ASSETS).resourceChain(true);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").setCacheControl(ASSETS).resourceChain(true);
        registry.addResourceHandler("/images/**").addResourceLocations("classpath:/static/images/").setCacheControl(ASSETS).resourceChain(true);
    }
}
