package io.genkend.replay;

/** Placeholder main, replaced below. */
public final class Replay { public static void main(String[] a) { } }
