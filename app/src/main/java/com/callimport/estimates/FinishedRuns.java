package com.callimport.estimates;

import com.callimport.imports.ImportRun;
import java.util.List;

/** The recent successful runs of a platform, across organizations, that calibrate its estimates. */
@FunctionalInterface
public interface FinishedRuns {
    List<ImportRun> recentFinished(String platform, int limit);
}
