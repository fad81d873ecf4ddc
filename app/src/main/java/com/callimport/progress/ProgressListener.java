package com.callimport.progress;

import java.io.IOException;

/**
 * One follower of a run, such as a browser's event stream. Called on the run's polling thread, one call at a time
 * per follower; a call that throws ends this follower (its connection is gone), never the others.
 */
public interface ProgressListener {

    /** The run's progress changed, or this follower has just started following: the full snapshot, not a delta. */
    void progressed(RunProgress progress) throws IOException;

    /** Nothing changed for a while: a cheap message that keeps the connection open and notices a closed one. */
    void keepAlive() throws IOException;

    /** The run will not change any more (or following stopped, e.g. at shut-down); no further calls follow. */
    void ended();
}
