package dev.ipckit.spi;

import java.util.function.BooleanSupplier;

/**
 * A {@link Link} whose reading is a {@link ReadSide}: waiting threads lead it through
 * {@link #readInline}, and {@link #readActive} reports its activity. Implementations give only the side.
 */
public interface ReadSideLink extends Link {
    /** @return the link's read side, or null until the link has started reading */
    ReadSide readSide();

    @Override
    default boolean readInline(BooleanSupplier satisfied, long deadlineNanos) {
        ReadSide side = readSide();
        return side != null && side.lead(satisfied, deadlineNanos);
    }

    @Override
    default boolean readActive() {
        ReadSide side = readSide();
        return side != null && side.active();
    }
}
