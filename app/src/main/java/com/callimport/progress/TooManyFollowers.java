package com.callimport.progress;

/** This instance already serves as many followers as {@code callimport.progress.max-followers} allows. */
public final class TooManyFollowers extends RuntimeException {
    public TooManyFollowers(int limit) {
        super("this server already streams progress to " + limit + " followers; reload the page in a minute "
                + "(or raise callimport.progress.max-followers)");
    }
}
