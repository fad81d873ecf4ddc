package com.callimport.web.pages;

import java.io.Serializable;

/**
 * A one-line message shown once at the top of the next page, after a redirect:
 * {@code redirect.addFlashAttribute("flash", Flash.success("Invitation sent to ann@acme.com"))}.
 *
 * @param kind a Bootstrap alert colour: success, info, warning or danger
 */
public record Flash(String kind, String text) implements Serializable {
    public static Flash success(String text) {
        return new Flash("success", text);
    }

    public static Flash info(String text) {
        return new Flash("info", text);
    }

    public static Flash problem(String text) {
        return new Flash("danger", text);
    }
}
