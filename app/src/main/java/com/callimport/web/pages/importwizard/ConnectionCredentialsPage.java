package com.callimport.web.pages.importwizard;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.connections.Connection;
import com.callimport.connections.ConnectionCheck;
import com.callimport.connections.Connections;
import com.callimport.connector.Connector;
import com.callimport.connector.CredentialField;
import com.callimport.web.pages.Flash;
import com.callimport.web.pages.SignedInUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * New credentials for a connection whose old ones the vendor refused (a revoked key): replaced through the engine's
 * replacement (checked, sealed, never shown back), then tested at once; back to the import that was waiting for them.
 */
@Controller
class ConnectionCredentialsPage extends WizardPage {
    private final Connections connections;
    private final ConnectionCheck check;
    private final PlatformCatalog catalog;

    ConnectionCredentialsPage(Connections connections, ConnectionCheck check, PlatformCatalog catalog) {
        this.connections = connections;
        this.check = check;
        this.catalog = catalog;
    }

    @GetMapping("/connections/{id}/credentials")
    String form(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, @RequestParam(required = false) UUID run, Model model) {
        requireManager(user);
        Connection connection = connections.get(user.organization(), id);
        model(model, connection, run, Map.of(), Map.of(), null);
        return "import/replace-credentials";
    }

    @PostMapping("/connections/{id}/credentials")
    String replace(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, @RequestParam(required = false) UUID run,
                   @RequestParam Map<String, String> parameters, Model model, HttpServletResponse response,
                   RedirectAttributes redirect) throws InterruptedException {
        requireManager(user);
        Connection connection = connections.get(user.organization(), id);
        Connector connector = catalog.connector(connection.platform()).orElseThrow();
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (CredentialField field : connector.credentialFields()) {
            String value = parameters.getOrDefault("credential." + field.name(), "").strip();
            given.put(field.name(), value);
            if (value.isEmpty()) {
                problems.put(field.name(), "Enter the " + field.label().toLowerCase(Locale.ROOT) + ".");
            }
        }
        String problem = problems.isEmpty() ? null : "Fill in every field.";
        if (problems.isEmpty()) {
            try {
                connections.replaceCredentials(user.organization(), id, given);
                ConnectionCheck.Outcome outcome = check.check(user.organization(), id);
                if (outcome.ok()) {
                    redirect.addFlashAttribute("flash", Flash.success(run == null ? "The new credentials work."
                            : "The new credentials work. Resume the import to carry on where it stopped."));
                    return run == null ? "redirect:/home" : "redirect:/imports/" + run;
                }
                problem = ImportWizard.plain(outcome.problem().orElse(null));
            } catch (IllegalArgumentException refused) {
                problem = ImportWizard.plain(refused.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model(model, connection, run, given, problems, problem);
        return "import/replace-credentials";
    }

    private void model(Model model, Connection connection, UUID run, Map<String, String> given, Map<String, String> problems, String problem) {
        Connector connector = catalog.connector(connection.platform()).orElseThrow();
        model.addAttribute("connection", connection);
        model.addAttribute("tile", ImportWizard.PlatformTile.of(catalog.require(connection.platform())));
        model.addAttribute("run", run);
        model.addAttribute("problem", problem);
        model.addAttribute("fields", connector.credentialFields().stream()
                .map(field -> new ImportWizard.FieldView(field.name(), field.label(), field.help(), field.secret(),
                        field.secret() ? "" : given.getOrDefault(field.name(), connection.visibleCredentials().getOrDefault(field.name(), "")),
                        problems.get(field.name())))
                .toList());
    }
}
