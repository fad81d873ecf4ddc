package com.callimport.emails;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who the service's emails come from ({@code callimport.mail.*}); the SMTP server itself is Spring's
 * standard {@code spring.mail.host}, {@code .port}, {@code .username}, {@code .password}, {@code .properties.*}.
 *
 * @param from the From address, e.g. {@code Call Import <no-reply@example.com>}
 */
@ConfigurationProperties("callimport.mail")
public record MailProperties(@DefaultValue("Call Import <no-reply@localhost>") String from) {
}
