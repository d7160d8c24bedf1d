/** What runs inside a child JVM: its main class, its link to the parent, its remote calls. Internal. */
package dev.ipckit.internal.child;
