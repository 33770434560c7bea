from bench.ocr.run import main

main()
