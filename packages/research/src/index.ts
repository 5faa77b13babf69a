// @aurora/research — see docs/ARCHITECTURE.md
export {};
