package io.genkend.replay;

/**
 * The replay cannot go on. {@link #resumable()} says whether running the same command later continues where the
 * checkpoint stands (the server was unreachable or kept failing) or whether the command must change (wrong key,
 * wrong URL).
 */
public class ReplayStopped extends RuntimeException {

    private final boolean resumable;

    /**
     * @param message   what happened, for the user
     * @param resumable whether the same command may simply be run again
     */
    public ReplayStopped(String message, boolean resumable) {
        super(message);
        this.resumable = resumable;
    }

    /** @return whether the same command may simply be run again */
    public boolean resumable() {
        return resumable;
    }
}
