/**
 * Not for users, not for transport implementors: the machinery behind the API. Nothing here is a
 * stable interface; packages split it by concern ({@code process} starts children, {@code child} runs in
 * them, {@code pipe} and {@code queue} carry messages).
 */
package dev.ipckit.internal;
