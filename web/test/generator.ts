// The generator lives in the core (the app's stress demo uses it); tests and the bench import it from here too.
export * from '../core/synth/generator.ts';
