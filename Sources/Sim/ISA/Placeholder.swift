enum ISAPlaceholder {}
