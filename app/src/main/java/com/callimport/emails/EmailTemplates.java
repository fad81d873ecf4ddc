package com.callimport.emails;

import com.callimport.organizations.OrganizationId;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an email from {@code templates/email/<name>.html} and {@code templates/email/<name>.txt}
 * (Thymeleaf, HTML and TEXT modes), with the same variables in both. The text template uses
 * {@code [(${...})]} for values; the HTML one the usual {@code th:text}.
 */
@Component
public class EmailTemplates {
    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    EmailTemplates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/email/");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setTextTemplateModePatterns(java.util.Set.of("*.txt"));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    /**
     * @param link the email's call to action, also available to the templates as {@code link}
     */
    public Email render(OrganizationId organization, String to, String subject, String template, Map<String, ?> variables,
                        String link) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariables(Map.copyOf(variables));
        context.setVariable("subject", subject);
        context.setVariable("link", link);
        return new Email(organization, to, subject, engine.process(template + ".txt", context),
                engine.process(template + ".html", context), link);
    }
}
