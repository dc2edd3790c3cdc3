// SpecExports: `GPUConfig` and `DivergencePolicy` live in Spec (shared with the hardware in
// Sources/Cores); re-exporting Spec keeps `import GPU` enough for every user of the model.
@_exported import Spec
