/** The programs of the seed articles ({@code ../shared/seeds/}), ported to ipckit, fixed where they were wrong. */
package dev.ipckit.demos.seed;
