package com.callimport;

import com.callimport.connections.Connections;
import com.callimport.credentials.VaultKeyset;
import com.callimport.events.EventEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The operator's key management, run as {@code java -jar app.jar vault <command>}:
 * <ul>
 *   <li>{@code new-keyset} prints a fresh keyset with one AES-256-GCM key, for CALLIMPORT_VAULT_KEYSET;</li>
 *   <li>{@code rotate <keyset file>} prints that keyset with a new primary key added (old keys stay to decrypt);</li>
 *   <li>{@code rewrap} re-seals every connection's credentials under the configured keyset's primary key,
 *       after which the older keys can be removed from the keyset.</li>
 * </ul>
 */
public final class VaultCommand {
    private VaultCommand() {
    }

    public static boolean isVaultCommand(String[] args) {
        return args.length > 0 && args[0].equals("vault");
    }

    /**
     * @param startService starts the service without its web server or job workers, for {@code rewrap}
     * @return the process exit code
     */
    public static int run(String[] args, PrintStream out, Function<String[], ConfigurableApplicationContext> startService)
            throws IOException {
        String command = args.length > 1 ? args[1] : "";
        switch (command) {
            case "new-keyset" -> out.println(VaultKeyset.generate());
            case "rotate" -> {
                if (args.length < 3) {
                    out.println("usage: vault rotate <keyset.json>   (prints the rotated keyset; store it, then run 'vault rewrap')");
                    return 2;
                }
                out.println(VaultKeyset.rotate(Files.readString(Path.of(args[2]))));
            }
            case "rewrap" -> {
                String[] serviceArgs = Arrays.copyOfRange(args, 2, args.length);
                try (ConfigurableApplicationContext service = startService.apply(serviceArgs)) {
                    int rewrapped = service.getBean(Connections.class).rewrapCredentials();
                    out.println("re-sealed the credentials of " + rewrapped + " connection(s) under the primary key");
                    int secrets = service.getBean(EventEndpoints.class).rewrapSecrets();
                    out.println("re-sealed the signing secrets of " + secrets + " event endpoint(s) under the primary key");
                }
            }
            default -> {
                out.println("usage: vault new-keyset | vault rotate <keyset.json> | vault rewrap");
                return 2;
            }
        }
        return 0;
    }
}
