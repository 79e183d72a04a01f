addEventListener("unhandledrejection",function(e){var W=window.WebAssembly,r=e.reason;if(!W||r instanceof W.CompileError||r instanceof W.LinkError)e.preventDefault()});
