package com.callimport.web.pages.importwizard;

import com.callimport.imports.ImportRunState;
import com.callimport.progress.ProgressListener;
import com.callimport.progress.RunProgress;
import java.io.IOException;
import java.util.Set;
import java.util.function.Function;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One browser's event stream of a run, fed by {@link com.callimport.progress.ProgressFollowers}: a {@code progress}
 * event with the counts panel on every change, an {@code outcome} event with the state, reason and buttons when the
 * state changes, and {@code ended} with the whole final panel (without the stream) when the run has ended, after
 * which the stream closes and the browser does not reconnect.
 */
final class ProgressStream implements ProgressListener {
    private final SseEmitter emitter;
    private final Function<RunProgress, RunView> progressView;
    private final Function<RunProgress, RunView> outcomeView;
    private final Fragments fragments;
    private ImportRunState shown;
    private RunProgress last;

    /** Draws a fragment of the progress page's template for a run. */
    interface Fragments {
        String render(String fragment, RunView run);
    }

    /**
     * @param shown the state the browser's page shows already, so its buttons are not redrawn (and focus not lost) for nothing
     */
    ProgressStream(SseEmitter emitter, ImportRunState shown, Function<RunProgress, RunView> progressView,
                   Function<RunProgress, RunView> outcomeView, Fragments fragments) {
        this.emitter = emitter;
        this.shown = shown;
        this.progressView = progressView;
        this.outcomeView = outcomeView;
        this.fragments = fragments;
    }

    @Override
    public void progressed(RunProgress progress) throws IOException {
        last = progress;
        if (progress.ended()) {
            return; // ended() sends the final panel whole
        }
        emitter.send(SseEmitter.event().name("progress").data(fragments.render("progress-content", progressView.apply(progress))));
        if (progress.state() != shown) {
            emitter.send(SseEmitter.event().name("outcome").data(fragments.render("outcome-content", outcomeView.apply(progress))));
            shown = progress.state();
        }
    }

    @Override
    public void keepAlive() throws IOException {
        emitter.send(SseEmitter.event().comment("still following"));
    }

    @Override
    public void ended() {
        try {
            if (last != null && last.ended()) {
                emitter.send(SseEmitter.event().name("ended").data(fragments.render("panel", outcomeView.apply(last))));
            }
            emitter.complete();
        } catch (IOException | RuntimeException closed) {
            // the browser left first; nothing to finish
        }
    }

    static final Set<String> FRAGMENTS = Set.of("progress-content", "outcome-content", "panel");
}
