// @aurora/engine — see docs/ARCHITECTURE.md
export {};
