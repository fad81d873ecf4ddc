package com.callimport.web.pages;

import com.callimport.people.People;
import com.callimport.people.Person;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The signed-in person as stored now, not as they were at sign-in: a page that acts (connect, import, pay,
 * invite, manage tokens) asks {@link #manager} so that a role taken away holds at once. A refusal is an
 * {@link AccessDeniedException}, which {@link PageErrors} answers with the 403 page.
 */
@Component
public class CurrentPerson {
    private final People people;

    CurrentPerson(People people) {
        this.people = people;
    }

    public Person of(SignedInUser user) {
        return people.find(user.id())
                .filter(person -> person.organization().equals(user.organization()))
                .orElseThrow(() -> new AccessDeniedException("this account no longer exists"));
    }

    /** The person, if they are an owner or admin of their organization. */
    public Person manager(SignedInUser user) {
        Person person = of(user);
        if (!person.role().manages()) {
            throw new AccessDeniedException("owners and admins only");
        }
        return person;
    }
}
