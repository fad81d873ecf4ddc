package com.callimport.web.pages.staff;

import com.callimport.people.Person;
import com.callimport.web.pages.CurrentPerson;
import com.callimport.web.pages.SignedInUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** The signed-in person as stored now, if they are staff: a flag taken away holds at once, whatever the session says. */
@Component
class StaffMember {
    private final CurrentPerson currentPerson;

    StaffMember(CurrentPerson currentPerson) {
        this.currentPerson = currentPerson;
    }

    Person of(SignedInUser user) {
        Person person = currentPerson.of(user);
        if (!person.staff()) {
            throw new AccessDeniedException("staff only");
        }
        return person;
    }
}
