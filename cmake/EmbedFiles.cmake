# Compiles a folder of text files into the binary, so the built-in rule packs
# need no files beside the executable. Generates a .cpp defining
#   std::span<const palisade::EmbeddedFile> palisade::builtinPackFiles()
# with each file's path (relative to the folder) and bytes.
function(palisade_embed_folder folder output)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.yaml)
  list(SORT files)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DFOLDER=${PROJECT_SOURCE_DIR}/${folder} -DOUTPUT=${output}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding ${folder}")
endfunction()
