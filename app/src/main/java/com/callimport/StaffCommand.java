package com.callimport;

import com.callimport.people.People;
import com.callimport.people.Person;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The operator marks who is staff (the CSMs and RevOps people who see the staff console), run as
 * {@code java -jar app.jar staff <command>}; the web app itself has no way to grant it:
 * <ul>
 *   <li>{@code grant <email>} makes the person with that email staff, from their next page request;</li>
 *   <li>{@code revoke <email>} takes it away (they are then nobody's CSM);</li>
 *   <li>{@code list} prints every staff person's email.</li>
 * </ul>
 * Both changes are idempotent: granting twice leaves one staff person and says so.
 */
public final class StaffCommand {
    private static final String USAGE = "usage: staff grant <email> | staff revoke <email> | staff list";

    private StaffCommand() {
    }

    public static boolean isStaffCommand(String[] args) {
        return args.length > 0 && args[0].equals("staff");
    }

    /**
     * @param startService starts the service without its web server or job workers
     * @return the process exit code: 0 done, 1 no such person, 2 a usage mistake
     */
    public static int run(String[] args, PrintStream out, Function<String[], ConfigurableApplicationContext> startService) {
        String command = args.length > 1 ? args[1] : "";
        boolean takesEmail = command.equals("grant") || command.equals("revoke");
        if (!takesEmail && !command.equals("list") || takesEmail && (args.length < 3 || args[2].isBlank())) {
            out.println(USAGE);
            return 2;
        }
        String[] serviceArgs = Arrays.copyOfRange(args, takesEmail ? 3 : 2, args.length);
        try (ConfigurableApplicationContext service = startService.apply(serviceArgs)) {
            People people = service.getBean(People.class);
            if (command.equals("list")) {
                people.staff().forEach(person -> out.println(person.email()));
                return 0;
            }
            return change(people, command.equals("grant"), args[2], out);
        }
    }

    static int change(People people, boolean staff, String email, PrintStream out) {
        Optional<Person> person = people.findByEmail(email);
        if (person.isEmpty()) {
            out.println("no one signs in as " + email.strip() + "; they must have an account first (sign up or be invited)");
            return 1;
        }
        if (person.get().staff() == staff) {
            out.println(person.get().email() + (staff ? " is staff already" : " is not staff"));
            return 0;
        }
        people.setStaff(person.get().id(), staff);
        out.println(person.get().email() + (staff ? " is now staff: they see the staff console from their next page"
                : " is no longer staff and no longer any organization's CSM"));
        return 0;
    }
}
