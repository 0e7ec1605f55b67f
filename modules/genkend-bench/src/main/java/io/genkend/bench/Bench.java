package io.genkend.bench;

/** Placeholder main. */
public final class Bench { public static void main(String[] a) { } }
